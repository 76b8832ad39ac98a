import { CopyButton } from './CopyButton.tsx';

/** A short URL as a link, with the button that copies it. */
export function ShortLink({ url }: { url: string }) {
  return (
    <>
      <a className="short-link" href={url}>
        {url}
      </a>
      <CopyButton text={url} />
    </>
  );
}
