import { render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { App } from '../src/App.tsx';
import { getRecentLinks, RECENT_LINKS_KEY } from '../src/recent.ts';
import { aLink, apiError, fakeApi, json, someStats } from './fake-api.ts';

function store(...codes: string[]) {
  const links = codes.map((code) => {
    const { code: c, shortUrl, url, createdAt, expiresAt } = aLink({ code, url: `https://example.com/${code}` });
    return { code: c, shortUrl, url, createdAt, expiresAt };
  });
  window.localStorage.setItem(RECENT_LINKS_KEY, JSON.stringify(links));
}

function recentList(): HTMLElement {
  return screen.getByRole('region', { name: 'Recent links' });
}

describe('recent links', () => {
  it('lists the links kept in this browser with their visit counts', async () => {
    store('first1', 'second2', 'gone33');
    fakeApi({
      'GET /api/links/first1': () => json(200, someStats({ code: 'first1', visits: 1 })),
      'GET /api/links/second2': () => json(200, someStats({ code: 'second2', visits: 42 })),
      'GET /api/links/gone33': () => apiError(404, 'No link with code "gone33"'),
    });
    render(<App />);

    const items = within(recentList()).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(await within(items[0] as HTMLElement).findByText('1 visit')).toBeInTheDocument();
    expect(await within(items[1] as HTMLElement).findByText('42 visits')).toBeInTheDocument();
    expect(await within(items[2] as HTMLElement).findByText('gone (expired or removed)')).toBeInTheDocument();
    expect(within(items[0] as HTMLElement).getByRole('link', { name: 'localhost:8080/first1' })).toHaveAttribute(
      'href',
      'http://localhost:8080/first1',
    );
    expect(within(items[1] as HTMLElement).getByRole('link', { name: 'Stats of second2' })).toHaveAttribute(
      'href',
      '#/stats/second2',
    );
  });

  it('asks for fresh counts on demand', async () => {
    const user = userEvent.setup();
    store('count1');
    let visits = 0;
    fakeApi({ 'GET /api/links/count1': () => json(200, someStats({ code: 'count1', visits: visits++ })) });
    render(<App />);

    expect(await within(recentList()).findByText('0 visits')).toBeInTheDocument();
    await user.click(within(recentList()).getByRole('button', { name: 'Refresh counts' }));
    expect(await within(recentList()).findByText('1 visit')).toBeInTheDocument();
  });

  it('forgets a link on Remove and keeps focus in the list', async () => {
    const user = userEvent.setup();
    store('keep11', 'drop22');
    fakeApi({
      'GET /api/links/keep11': () => json(200, someStats({ code: 'keep11' })),
      'GET /api/links/drop22': () => json(200, someStats({ code: 'drop22' })),
    });
    render(<App />);

    await user.click(within(recentList()).getByRole('button', { name: 'Remove drop22 from this list' }));

    expect(within(recentList()).getAllByRole('listitem')).toHaveLength(1);
    expect(getRecentLinks().map((link) => link.code)).toEqual(['keep11']);
    expect(screen.getByRole('heading', { name: 'Recent links' })).toHaveFocus();
  });

  it('invites to shorten a first link when there is none', () => {
    fakeApi({});
    render(<App />);
    expect(within(recentList()).getByText(/listed in this browser/)).toBeInTheDocument();
    expect(within(recentList()).queryByRole('list')).not.toBeInTheDocument();
  });
});
