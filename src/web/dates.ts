/** `2024-01-10` → `2024年1月10日`, as dates are written in the reports; any other text unchanged. */
export function chineseDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (!match) return iso;
  const [, year = '', month = '', day = ''] = match;
  return `${year}年${String(Number(month))}月${String(Number(day))}日`;
}
