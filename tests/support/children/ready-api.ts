// Fixture child: ready.ts playing the api service (it reads its role from this file's name).
import './ready.ts';
