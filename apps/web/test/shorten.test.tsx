import { fireEvent, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/App.tsx';
import { getRecentLinks } from '../src/recent.ts';
import { aLink, apiError, fakeApi, json, someStats } from './fake-api.ts';

/** The message shown for a field: what aria-describedby points at. */
function descriptionOf(element: HTMLElement): string {
  const ids = element.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

describe('shortening a URL', () => {
  it('creates the link with the keyboard alone and shows it with a copy button and its QR code', async () => {
    const user = userEvent.setup();
    const link = aLink({ code: 'k3yb0rd', url: 'https://example.com/a/very/long/path' });
    const sent = fakeApi({
      'POST /api/links': () => json(201, link),
      'GET /api/links/k3yb0rd': () => json(200, someStats({ ...link, visits: 0 })),
    });
    render(<App />);

    await user.tab(); // brand
    await user.tab(); // nav: Shorten
    await user.tab(); // nav: Stats
    await user.tab();
    expect(screen.getByLabelText('Long URL')).toHaveFocus();
    await user.keyboard('https://example.com/a/very/long/path{Enter}');

    const heading = await screen.findByRole('heading', { name: 'Your short link is ready' });
    expect(heading).toHaveFocus();
    expect(sent[0]).toEqual({
      method: 'POST',
      path: '/api/links',
      body: { url: 'https://example.com/a/very/long/path' },
    });

    const result = heading.closest('section') as HTMLElement;
    expect(within(result).getByRole('link', { name: link.shortUrl })).toHaveAttribute('href', link.shortUrl);
    expect(within(result).getByRole('img', { name: `QR code for ${link.shortUrl}` })).toHaveAttribute(
      'src',
      '/api/links/k3yb0rd/qr',
    );
    expect(within(result).getByRole('link', { name: /see visits and details/i })).toHaveAttribute(
      'href',
      '#/stats/k3yb0rd',
    );

    await user.click(within(result).getByRole('button', { name: 'Copy link' }));
    expect(await navigator.clipboard.readText()).toBe(link.shortUrl);
    expect(within(result).getByRole('status')).toHaveTextContent('Copied!');

    // The form is ready for the next one, and the link is remembered with its count.
    expect(screen.getByLabelText('Long URL')).toHaveValue('');
    expect(getRecentLinks().map((recent) => recent.code)).toEqual(['k3yb0rd']);
    const recent = screen.getByRole('region', { name: 'Recent links' });
    expect(await within(recent).findByText('0 visits')).toBeInTheDocument();
  });

  it('sends the alias and a preset expiry as ttlSeconds', async () => {
    const user = userEvent.setup();
    const sent = fakeApi({
      'POST /api/links': () => json(201, aLink({ code: 'my-alias', expiresAt: '2030-01-03T03:04:05.000Z' })),
      'GET /api/links/my-alias': () => json(200, someStats({ code: 'my-alias' })),
    });
    render(<App />);

    await user.type(screen.getByLabelText('Long URL'), 'https://example.com/x');
    await user.type(screen.getByLabelText(/custom alias/i), ' my-alias ');
    await user.selectOptions(screen.getByLabelText(/expires/i), 'In 1 day');
    await user.click(screen.getByRole('button', { name: 'Shorten' }));

    expect(await screen.findByText(/^Expires/, { selector: 'p' })).toBeInTheDocument();
    expect(sent[0]?.body).toEqual({ url: 'https://example.com/x', alias: 'my-alias', ttlSeconds: 86_400 });
  });

  it('sends a chosen date and time as expiresAt', async () => {
    const user = userEvent.setup();
    const sent = fakeApi({
      'POST /api/links': () => json(201, aLink()),
      'GET /api/links/abc1234': () => json(200, someStats()),
    });
    render(<App />);

    await user.type(screen.getByLabelText('Long URL'), 'https://example.com/x');
    await user.selectOptions(screen.getByLabelText(/expires/i), 'On a date…');
    fireEvent.change(screen.getByLabelText('Expiry date and time'), { target: { value: '2031-05-06T07:08' } });
    await user.click(screen.getByRole('button', { name: 'Shorten' }));

    await screen.findByRole('heading', { name: 'Your short link is ready' });
    expect(sent[0]?.body).toEqual({
      url: 'https://example.com/x',
      expiresAt: new Date('2031-05-06T07:08').toISOString(),
    });
  });

  it('shows the api validation error next to the URL field and focuses it', async () => {
    const user = userEvent.setup();
    const message = 'url must use http or https, not javascript';
    fakeApi({ 'POST /api/links': () => apiError(400, message, { code: 'invalid_url', fields: { url: message } }) });
    render(<App />);

    const url = screen.getByLabelText('Long URL');
    await user.type(url, 'javascript:alert(1){Enter}');

    expect(await screen.findByText('url must use http or https, not javascript')).toBeInTheDocument();
    expect(url).toHaveAttribute('aria-invalid', 'true');
    expect(descriptionOf(url)).toBe('url must use http or https, not javascript');
    expect(url).toHaveFocus();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByLabelText(/custom alias/i)).not.toHaveAttribute('aria-invalid');
  });

  it('shows a taken or malformed alias next to the alias field', async () => {
    const user = userEvent.setup();
    const message = 'alias "launch" is already taken';
    fakeApi({ 'POST /api/links': () => apiError(409, message, { code: 'alias_taken', fields: { alias: message } }) });
    render(<App />);

    await user.type(screen.getByLabelText('Long URL'), 'https://example.com/x');
    const alias = screen.getByLabelText(/custom alias/i);
    await user.type(alias, 'launch{Enter}');

    expect(await screen.findByText('alias "launch" is already taken')).toBeInTheDocument();
    expect(alias).toHaveAttribute('aria-invalid', 'true');
    expect(alias).toHaveFocus();
    // The hint stays part of the description, the error is added to it.
    expect(descriptionOf(alias)).toMatch(/3–64 letters.*alias "launch" is already taken/);
    expect(screen.getByLabelText('Long URL')).not.toHaveAttribute('aria-invalid');
  });

  it('shows an expiry error next to the date field', async () => {
    const user = userEvent.setup();
    const message = 'expiresAt must be in the future';
    fakeApi({
      'POST /api/links': () => apiError(400, message, { code: 'invalid_expiry', fields: { expiresAt: message } }),
    });
    render(<App />);

    await user.type(screen.getByLabelText('Long URL'), 'https://example.com/x');
    await user.selectOptions(screen.getByLabelText(/expires/i), 'On a date…');
    const date = screen.getByLabelText('Expiry date and time');
    fireEvent.change(date, { target: { value: '2031-05-06T07:08' } });
    await user.click(screen.getByRole('button', { name: 'Shorten' }));

    expect(await screen.findByText('expiresAt must be in the future')).toBeInTheDocument();
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect(descriptionOf(date)).toBe('expiresAt must be in the future');
    expect(date).toHaveFocus();
  });

  it('sorts an error about several fields, and shows those of no form field above the button', async () => {
    const user = userEvent.setup();
    fakeApi({
      'POST /api/links': () =>
        apiError(
          400,
          'url must be at most 2048 characters; alias must match pattern "x"; body has an unknown field "y"',
          {
            code: 'invalid_request',
            fields: {
              url: 'url must be at most 2048 characters',
              alias: 'alias must match pattern "x"',
              y: 'body has an unknown field "y"',
            },
          },
        ),
    });
    render(<App />);

    await user.type(screen.getByLabelText('Long URL'), 'https://example.com/x{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('body has an unknown field "y"');
    expect(descriptionOf(screen.getByLabelText('Long URL'))).toBe('url must be at most 2048 characters');
    expect(descriptionOf(screen.getByLabelText(/custom alias/i))).toContain('alias must match pattern "x"');
  });

  it('shows an error without fields above the button, whatever field its message names', async () => {
    const user = userEvent.setup();
    fakeApi({ 'POST /api/links': () => apiError(400, 'url and alias look fine, but something else is wrong') });
    render(<App />);

    await user.type(screen.getByLabelText('Long URL'), 'https://example.com/x{Enter}');

    expect(await screen.findByRole('alert')).toHaveTextContent('url and alias look fine');
    expect(screen.getByLabelText('Long URL')).not.toHaveAttribute('aria-invalid');
  });

  it('asks for a URL before calling the api', async () => {
    const user = userEvent.setup();
    const sent = fakeApi({});
    render(<App />);

    await user.click(screen.getByRole('button', { name: 'Shorten' }));

    expect(screen.getByText('Enter the long URL to shorten.')).toBeInTheDocument();
    expect(screen.getByLabelText('Long URL')).toHaveFocus();
    expect(sent).toEqual([]);
  });

  it('says so when the api limits the rate or cannot be reached', async () => {
    const user = userEvent.setup();
    let answer = () => apiError(429, 'Rate limit exceeded, retry in 1 minute');
    fakeApi({ 'POST /api/links': () => answer() });
    render(<App />);

    await user.type(screen.getByLabelText('Long URL'), 'https://example.com/x{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many links at once: Rate limit exceeded');

    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    await user.click(screen.getByRole('button', { name: 'Shorten' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Shortly could not be reached');
  });
});
