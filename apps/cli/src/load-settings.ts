import { validateEnvironment, type Settings } from '@lle/config';

/** The command-line tools read `.env` like the applications do, then validate the same way. */
export function loadSettings(): Settings {
  try {
    process.loadEnvFile();
  } catch {
    // No .env file: the environment alone is used.
  }
  return validateEnvironment(process.env);
}
