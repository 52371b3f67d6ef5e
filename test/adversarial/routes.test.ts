import { expect, test } from '@jest/globals';
import { startTestApp } from '../support/app.js';
import { ROUTES, STATIC_PATHS } from './routes.js';

test('the adversarial suite attacks every route the server registers', async () => {
  const { app } = await startTestApp();
  try {
    const registered = app
      .routes()
      .map((route) => `${route.method} ${route.path}`)
      .sort();
    const attacked = [...ROUTES.map((route) => `${route.method} ${route.path}`), ...STATIC_PATHS.map((p) => `GET ${p}`)].sort();
    expect(attacked).toEqual(registered);
  } finally {
    await app.close();
  }
}, 30_000);
