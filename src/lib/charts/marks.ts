/**
 * Plot's marks with channels typed against the rows they draw. Plot takes any string as a channel
 * (`y: 'upper'`) and draws nothing when the rows have no such field: that is how the SPC chart's
 * control limits were lost (rows carry `upperLimit`). Here a channel is a key of the row type, a
 * function of the row, or a constant, so a misspelt field is a type error; and, for callers that
 * reach a chart through `unknown` or a cast, a field the first row lacks is an error at run time
 * that names the mark, the channel and the fields the rows do have.
 */
import * as Plot from '@observablehq/plot';
import { PALETTE, type Colour } from './palette.ts';

type Accessor<Row> = (d: Row, i: number) => unknown;
/** A channel: a field of the row by name, a function of the row, or a constant number or date. */
export type Field<Row> = (keyof Row & string) | Accessor<Row> | number | Date;
/** A colour channel: a field or function as above, or a constant colour. */
export type Paint<Row> = Field<Row> | Colour;

interface Channels<Row> {
  x?: Field<Row>;
  y?: Field<Row>;
  x1?: Field<Row>;
  x2?: Field<Row>;
  y1?: Field<Row>;
  y2?: Field<Row>;
  z?: Field<Row> | null;
  r?: Field<Row>;
  text?: Field<Row>;
  title?: Field<Row>;
  href?: Field<Row>;
  fill?: Paint<Row>;
  stroke?: Paint<Row>;
  symbol?: Field<Row> | Plot.SymbolName;
}

/** Plot's options for a mark, with its channels typed against `Row`. */
export type Typed<Row, O> = Omit<O, keyof Channels<Row>> & Channels<Row>;

const COLOURS = new Set<string>([...Object.values(PALETTE), 'white', 'transparent', 'none', 'currentColor']);
const SYMBOLS = new Set<string>([
  'asterisk',
  'circle',
  'cross',
  'diamond',
  'diamond2',
  'hexagon',
  'plus',
  'square',
  'square2',
  'star',
  'times',
  'triangle',
  'triangle2',
  'wye',
]);
const CHANNELS = [
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'z',
  'r',
  'text',
  'title',
  'href',
  'fill',
  'stroke',
  'symbol',
];

/** Throws if a channel names a field the rows do not have (a constant colour or symbol is not a field). */
export function checkChannels(mark: string, data: readonly unknown[], options: object): void {
  const first = data.find((d): d is object => typeof d === 'object' && d !== null);
  if (!first) return;
  for (const channel of CHANNELS) {
    const v = (options as Record<string, unknown>)[channel];
    if (typeof v !== 'string' || v in first) continue;
    if ((channel === 'fill' || channel === 'stroke') && COLOURS.has(v)) continue;
    if (channel === 'symbol' && SYMBOLS.has(v)) continue;
    throw new Error(
      `${mark}: channel ${channel} asks for the field ${JSON.stringify(v)}, which the rows do not have (they have ${Object.keys(first).join(', ')})`,
    );
  }
}

const typed =
  <O extends object, M>(name: string, make: (data: Plot.Data, options: O) => M) =>
  <Row>(data: readonly Row[], options: Typed<Row, O> = {} as Typed<Row, O>): M => {
    checkChannels(name, data, options);
    return make(data as Plot.Data, options as unknown as O);
  };

export const line = typed<Plot.LineOptions, Plot.Line>('line', Plot.line);
export const dot = typed<Plot.DotOptions, Plot.Dot>('dot', Plot.dot);
export const barX = typed<Plot.BarXOptions, Plot.BarX>('barX', Plot.barX);
export const barY = typed<Plot.BarYOptions, Plot.BarY>('barY', Plot.barY);
export const ruleX = typed<Plot.RuleXOptions, Plot.RuleX>('ruleX', Plot.ruleX);
export const ruleY = typed<Plot.RuleYOptions, Plot.RuleY>('ruleY', Plot.ruleY);
export const text = typed<Plot.TextOptions, Plot.Text>('text', Plot.text);
export const geo = typed<Plot.GeoOptions, Plot.Geo>('geo', Plot.geo);
