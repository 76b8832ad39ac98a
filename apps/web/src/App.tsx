import type { Link } from '@shortly/contracts';
import { useEffect, useRef, useState } from 'react';
import { LinkResult } from './components/LinkResult.tsx';
import { RecentLinks } from './components/RecentLinks.tsx';
import { ShortenForm } from './components/ShortenForm.tsx';
import { StatsView } from './components/StatsView.tsx';
import { rememberLink } from './recent.ts';
import { href, type Route, useRoute } from './route.ts';

function titleOf(route: Route): string {
  if (route.page === 'stats') return route.code ? `Stats of ${route.code} · Shortly` : 'Link stats · Shortly';
  return 'Shortly';
}

function ShortenPage({ created, onCreated }: { created: Link | null; onCreated: (link: Link) => void }) {
  return (
    <>
      <h1 tabIndex={-1}>Shorten a long link</h1>
      <p className="lead">Paste a long URL to get a short link, a QR code and a visit count.</p>
      <ShortenForm onCreated={onCreated} />
      {created && <LinkResult link={created} />}
      <RecentLinks />
    </>
  );
}

export function App() {
  const route = useRoute();
  const [created, setCreated] = useState<Link | null>(null);
  const shownPage = useRef(route.page);

  useEffect(() => {
    document.title = titleOf(route);
  }, [route]);

  // A page change is announced by moving focus to its heading, as a full page load would.
  useEffect(() => {
    if (shownPage.current === route.page) return;
    shownPage.current = route.page;
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [route.page]);

  function onCreated(link: Link) {
    rememberLink(link);
    setCreated(link);
  }

  return (
    <>
      <header className="site-header">
        <div className="bar">
          <a className="brand" href={href.shorten}>
            <svg className="brand-mark" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
              <path d="M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1" />
              <path d="M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1" />
            </svg>
            Shortly
          </a>
          <nav aria-label="Main">
            <a href={href.shorten} aria-current={route.page === 'shorten' ? 'page' : undefined}>
              Shorten
            </a>
            <a href={href.stats()} aria-current={route.page === 'stats' ? 'page' : undefined}>
              Stats
            </a>
          </nav>
        </div>
      </header>
      <main id="main">
        {route.page === 'stats' ? (
          <StatsView code={route.code} />
        ) : (
          <ShortenPage created={created} onCreated={onCreated} />
        )}
      </main>
      <footer className="site-footer">
        <p>Recent links are kept in this browser only. Short links answer at the same address as this page.</p>
      </footer>
    </>
  );
}
