import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, expect, vi } from 'vitest';
import { unhandledRequests } from './fake-api.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  window.localStorage.clear();
  window.location.hash = '';
  const unhandled = unhandledRequests.splice(0);
  expect(unhandled, 'requests the fake api had no route for').toEqual([]);
});
