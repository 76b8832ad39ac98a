import type { ComponentProps } from 'react';

type CodeInputProps = Omit<ComponentProps<'input'>, 'onChange'> & { onValue: (value: string) => void };

/** A text box that takes a short code: typed as is, never corrected or capitalised. */
export function CodeInput({ onValue, ...props }: CodeInputProps) {
  return (
    <input
      type="text"
      autoComplete="off"
      autoCapitalize="none"
      spellCheck={false}
      {...props}
      onChange={(event) => onValue(event.target.value)}
    />
  );
}
