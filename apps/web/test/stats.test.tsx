import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/App.tsx';
import { formatDateTime } from '../src/format.ts';
import { apiError, fakeApi, json, someStats } from './fake-api.ts';

const CODE_SHAPED_PATH = /^\/[A-Za-z0-9_-]{3,64}$/;

function detailOf(term: string): HTMLElement {
  const dt = screen.getByText(term, { selector: 'dt' });
  return dt.nextElementSibling as HTMLElement;
}

describe('the stats view', () => {
  it('shows target, visits, created, last visit and expiry of #/stats/<code>', async () => {
    const stats = someStats({
      code: 'st4ts',
      url: 'https://example.com/landing?utm=1',
      visits: 1234,
      maxVisits: 5000,
      createdAt: '2030-01-02T03:04:05.000Z',
      lastVisitAt: '2030-01-05T06:07:08.000Z',
      expiresAt: '2099-12-31T23:59:00.000Z',
    });
    fakeApi({ 'GET /api/links/st4ts': () => json(200, stats) });
    window.location.hash = '#/stats/st4ts';
    render(<App />);

    expect(await screen.findByRole('heading', { name: 'Stats for st4ts' })).toBeInTheDocument();
    expect(await screen.findByText('https://example.com/landing?utm=1')).toBeInTheDocument();
    expect(detailOf('Visits')).toHaveTextContent(
      `${(1234).toLocaleString()} of ${(5000).toLocaleString()} visits allowed`,
    );
    expect(detailOf('Created')).toHaveTextContent(formatDateTime(stats.createdAt));
    expect(detailOf('Last visit')).toHaveTextContent(formatDateTime('2030-01-05T06:07:08.000Z'));
    expect(detailOf('Expires')).toHaveTextContent(formatDateTime('2099-12-31T23:59:00.000Z'));
    expect(within(detailOf('Last visit')).getByText(/./, { selector: 'time' })).toHaveAttribute(
      'datetime',
      '2030-01-05T06:07:08.000Z',
    );
    expect(screen.getByRole('img', { name: `QR code for ${stats.shortUrl}` })).toHaveAttribute(
      'src',
      '/api/links/st4ts/qr',
    );
    expect(document.title).toBe('Stats of st4ts · Shortly');
  });

  it('says when a link was never visited and never expires', async () => {
    fakeApi({ 'GET /api/links/fresh': () => json(200, someStats({ code: 'fresh' })) });
    window.location.hash = '#/stats/fresh';
    render(<App />);

    await screen.findByText('Target', { selector: 'dt' });
    expect(detailOf('Visits')).toHaveTextContent(/^0$/);
    expect(detailOf('Last visit')).toHaveTextContent('Not visited yet');
    expect(detailOf('Expires')).toHaveTextContent('Never');
  });

  it('explains an unknown code', async () => {
    fakeApi({ 'GET /api/links/nope1': () => apiError(404, 'No link with code "nope1"') });
    window.location.hash = '#/stats/nope1';
    render(<App />);

    expect(await screen.findByRole('alert')).toHaveTextContent('No link with the code “nope1”');
  });

  it('looks up a pasted short URL and moves focus to its stats', async () => {
    const user = userEvent.setup();
    fakeApi({ 'GET /api/links/p4st3d': () => json(200, someStats({ code: 'p4st3d', visits: 7 })) });
    window.location.hash = '#/stats';
    render(<App />);

    await user.type(screen.getByLabelText('Short code or short link'), 'http://localhost:8080/p4st3d{Enter}');

    const heading = await screen.findByRole('heading', { name: 'Stats for p4st3d' });
    expect(window.location.hash).toBe('#/stats/p4st3d');
    await screen.findByText('Target', { selector: 'dt' });
    expect(heading).toHaveFocus();
    expect(detailOf('Visits')).toHaveTextContent('7');
  });

  it('fetches the numbers again on Refresh', async () => {
    const user = userEvent.setup();
    let visits = 1;
    fakeApi({ 'GET /api/links/r3fr3sh': () => json(200, someStats({ code: 'r3fr3sh', visits: visits++ })) });
    window.location.hash = '#/stats/r3fr3sh';
    render(<App />);

    await screen.findByText('Target', { selector: 'dt' });
    expect(detailOf('Visits')).toHaveTextContent(/^1$/);
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await screen.findByText(/^2$/);
  });

  it('moves between pages with the fragment only, focusing the new heading', async () => {
    const user = userEvent.setup();
    fakeApi({});
    render(<App />);

    const nav = screen.getByRole('navigation', { name: 'Main' });
    await user.click(within(nav).getByRole('link', { name: 'Stats' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Link stats' })).toHaveFocus();
    expect(within(nav).getByRole('link', { name: 'Stats' })).toHaveAttribute('aria-current', 'page');

    await user.click(within(nav).getByRole('link', { name: 'Shorten' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Shorten a long link' })).toHaveFocus();
  });
});

describe('links of the app', () => {
  it('never point at a path the web service would take for a short code', async () => {
    fakeApi({ 'GET /api/links/abc1234': () => json(200, someStats()) });
    for (const hash of ['', '#/stats/abc1234']) {
      window.location.hash = hash;
      const { unmount } = render(<App />);
      await screen.findAllByRole('link');
      if (hash) await screen.findByText('Target', { selector: 'dt' });
      const own = [...document.querySelectorAll('a[href]')]
        .map((anchor) => anchor.getAttribute('href') ?? '')
        .filter((value) => !/^https?:/.test(value));
      expect(own.length).toBeGreaterThan(0);
      for (const value of own) {
        expect(value.startsWith('#') || value.startsWith('/api/'), value).toBe(true);
        expect(value).not.toMatch(CODE_SHAPED_PATH);
      }
      unmount();
    }
  });
});
