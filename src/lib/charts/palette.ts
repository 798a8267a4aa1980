/**
 * Okabe–Ito colours (safe for colour-blind readers) with the NHS blue and dark grey. Meaning never
 * rests on colour alone: every chart also marks it by shape, dash or position.
 */
export const PALETTE = {
  blue: '#005eb8',
  orange: '#d55e00',
  sky: '#56b4e9',
  green: '#009e73',
  yellow: '#e69f00',
  purple: '#cc79a7',
  grey: '#768692',
  dark: '#212b32',
} as const;

/** A constant colour a mark may be painted with: a palette colour or a CSS keyword. */
export type Colour =
  (typeof PALETTE)[keyof typeof PALETTE] | 'white' | 'transparent' | 'none' | 'currentColor';
