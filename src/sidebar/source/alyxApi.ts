/**
 * The server's Alyx login routes. The token stays on the server (in ONE's
 * params files); the browser only ever learns whether, and as whom, it is
 * logged in.
 */
import { requestAPI } from '../../server';

export interface IAlyxLoginState {
  url: string;
  loggedIn: boolean;
  user: string | null;
}

export function alyxStatus(url: string): Promise<IAlyxLoginState> {
  return requestAPI<IAlyxLoginState>(
    `alyx/status?${new URLSearchParams({ url }).toString()}`
  );
}

export function alyxLogin(
  url: string,
  username: string,
  password: string
): Promise<IAlyxLoginState> {
  return requestAPI<IAlyxLoginState>('alyx/login', {
    method: 'POST',
    body: JSON.stringify({ url, username, password })
  });
}

export function alyxLogout(url: string): Promise<IAlyxLoginState> {
  return requestAPI<IAlyxLoginState>('alyx/logout', {
    method: 'POST',
    body: JSON.stringify({ url })
  });
}
