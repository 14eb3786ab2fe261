// Dashboard entry: adopt a `?token=` from the URL and start the first request (prefetch, evaluated
// before React), open the live event stream, render the app.
import './api/prefetch.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectEvents } from './hooks/events-store.ts';
import { App } from './App.tsx';
import './styles.css';

connectEvents();
createRoot(document.getElementById('root') as HTMLElement).render(<StrictMode><App /></StrictMode>);
