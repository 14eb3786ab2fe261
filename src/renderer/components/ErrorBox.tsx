import { ApiError, errorText } from '../api/api-error.ts';
import { issueText } from './issue-text.ts';
import { TokenPrompt } from './TokenPrompt.tsx';

/** An error as a person should see it: the code, the message and, for bad input, each issue. */
export function ErrorBox({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  if (!error) return null;
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <div className="error-box" role="alert" data-testid="error-box">
      <strong>{title ?? 'Something went wrong'}</strong>
      <div>{errorText(error)}</div>
      {issues.length ? (
        <ul>{issues.map((i, n) => <li key={n}>{issueText(i)}</li>)}</ul>
      ) : null}
      {error instanceof ApiError && error.code === 'UNAUTHORIZED' ? <TokenPrompt /> : null}
      {onRetry ? <button type="button" onClick={onRetry}>Retry</button> : null}
    </div>
  );
}
