import type { Link } from '@shortly/contracts';
import { useEffect, useRef } from 'react';
import { formatDateTime } from '../format.ts';
import { href } from '../route.ts';
import { QrCode } from './QrCode.tsx';
import { ShortLink } from './ShortLink.tsx';

/** The link just created: the short URL to copy, its QR code and the way to its stats. */
export function LinkResult({ link }: { link: Link }) {
  const heading = useRef<HTMLHeadingElement>(null);

  // Keyboard and screen-reader users land on the result, not back at the top of the form.
  useEffect(() => {
    heading.current?.focus();
  }, [link.code]);

  return (
    <section className="card result" aria-labelledby="result-heading">
      <div className="result-text">
        <h2 id="result-heading" ref={heading} tabIndex={-1}>
          Your short link is ready
        </h2>
        <p className="short-link-row">
          <ShortLink url={link.shortUrl} />
        </p>
        <p className="muted break">
          Goes to <span className="target">{link.url}</span>
        </p>
        <p className="muted">
          {link.expiresAt ? (
            <>
              Expires <time dateTime={link.expiresAt}>{formatDateTime(link.expiresAt)}</time>
            </>
          ) : (
            'Never expires'
          )}
          {link.maxVisits !== null && ` · at most ${link.maxVisits} visits`}
        </p>
        <p>
          <a href={href.stats(link.code)}>See visits and details</a>
        </p>
      </div>
      <QrCode code={link.code} shortUrl={link.shortUrl} />
    </section>
  );
}
