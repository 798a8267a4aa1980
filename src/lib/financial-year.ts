/**
 * The NHS financial year (1 April to 31 March) a month falls in. National ambitions are set per
 * financial year (900,000 people referred a year by 2023/24), so a yearly figure is read for one.
 */
export interface FinancialYear {
  /** e.g. `2024-25`, as the people-referred dataset labels its financial-year rows */
  label: string;
  /** first and last month, `YYYY-MM` */
  from: string;
  to: string;
}

/** The financial year holding `month` (`YYYY-MM` or an ISO date). */
export function financialYear(month: string): FinancialYear {
  if (!/^\d{4}-(0[1-9]|1[0-2])/.test(month)) throw new Error(`invalid month: ${month}`);
  const start = Number(month.slice(0, 4)) - (Number(month.slice(5, 7)) < 4 ? 1 : 0);
  return {
    label: `${start}-${String((start + 1) % 100).padStart(2, '0')}`,
    from: `${start}-04`,
    to: `${start + 1}-03`,
  };
}
