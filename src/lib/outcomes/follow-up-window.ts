/**
 * The follow-up window, a named setting stated once for the pages (the warehouse's
 * `intermediate.int_follow_up_window` holds the same values; a test checks they agree).
 *
 * The follow-up paired with a baseline is the complete assessment nearest 12 weeks after it,
 * accepted from 6 to 26 weeks after it. DOMAIN.md fixes no window: 12 weeks is the usual review
 * point of a link worker's support (6–12 contacts over about three months, DOMAIN §8); under 6
 * weeks measures the first contacts rather than the support, over 26 weeks asks whether change
 * lasted. An assumption, shown as one on the Outcomes page.
 */
export const FOLLOW_UP_WINDOW = {
  targetDays: 84,
  earliestDays: 42,
  latestDays: 182,
} as const;

/** "6 to 26 weeks (nearest 12 weeks)" for captions. */
export const followUpWindowText = () =>
  `the complete follow-up nearest ${FOLLOW_UP_WINDOW.targetDays / 7} weeks after the baseline, from ${
    FOLLOW_UP_WINDOW.earliestDays / 7
  } to ${FOLLOW_UP_WINDOW.latestDays / 7} weeks after it`;
