import { qrCodeUrl } from '../api.ts';

/** The api draws the code (SVG for the page, PNG to download); the page only points at it. */
export function QrCode({ code, shortUrl }: { code: string; shortUrl: string }) {
  return (
    <figure className="qr">
      <img src={qrCodeUrl(code)} alt={`QR code for ${shortUrl}`} width={148} height={148} />
      <figcaption>
        <a href={qrCodeUrl(code, 'png')} download={`shortly-${code}.png`}>
          Download QR code (PNG)
        </a>
      </figcaption>
    </figure>
  );
}
