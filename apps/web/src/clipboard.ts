/** Copies text; the fallback covers pages served over plain http, where navigator.clipboard is missing. */
export async function copyText(text: string): Promise<void> {
  // navigator.clipboard only exists in secure contexts (https, localhost).
  if (navigator.clipboard) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.append(area);
  area.select();
  try {
    // Deprecated but still the only way without the async clipboard API.
    if (!document.execCommand('copy')) throw new Error('The browser refused to copy');
  } finally {
    area.remove();
  }
}
