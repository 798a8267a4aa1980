/** The sum of a list of numbers (0 for none). */
export const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
