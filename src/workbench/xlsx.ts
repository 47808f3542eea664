/**
 * XLSX with exceljs: one sheet, a bold frozen header row, column widths, filters on the header,
 * links clickable.
 */
import ExcelJS from 'exceljs';
import type { Table } from './table.js';

/** The table as an XLSX file. */
export async function xlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '政策文件全文检索';
  const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((column) => ({ header: column.header, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow(row);
    table.columns.forEach((column, i) => {
      const value = row[i];
      if (column.link === true && typeof value === 'string' && value !== '') {
        added.getCell(i + 1).value = { text: value, hyperlink: value };
      }
    });
  }
  if (table.columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  // Long text wraps inside its (wide) column rather than running across the sheet.
  table.columns.forEach((column, i) => {
    if (column.width >= 60) sheet.getColumn(i + 1).alignment = { wrapText: true, vertical: 'top' };
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
