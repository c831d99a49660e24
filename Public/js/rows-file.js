// A batch's data file as the server reads it, far enough to map its columns before it is
// sent: the format from the file's name, and the columns (a CSV or TSV header; for JSON Lines,
// every key any row uses), with the number of rows.

/** `csv`, `tsv` or `jsonl` from a file name, or null. */
export function rowsFormat(name) {
  const match = /\.(csv|tsv|jsonl)$/i.exec(name || '');
  return match ? match[1].toLowerCase() : null;
}

/**
 * `{format, columns, rows, hasHeader}` of `text` read as `format`. A JSON Lines file has no
 * header: the server does not check its keys before the job starts, so `hasHeader` is false.
 * Throws an Error naming the line for a file the server would refuse.
 */
export function readRows(text, format) {
  const body = text.replace(/^\uFEFF/, '');
  if (format === 'jsonl') {
    const columns = [];
    let rows = 0;
    body.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let row;
      try {
        row = JSON.parse(line);
      } catch {
        throw new Error(`line ${i + 1} is not JSON`);
      }
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error(`line ${i + 1} is not a JSON object`);
      rows += 1;
      for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
    });
    return { format, columns, rows, hasHeader: false };
  }
  const records = format === 'tsv'
    ? body.split(/\r?\n/).filter((line) => line !== '').map((line) => line.split('\t'))
    : csvRecords(body);
  if (!records.length) throw new Error('the file is empty: it needs a header row');
  return { format, columns: records[0], rows: records.length - 1, hasHeader: true };
}

/** RFC 4180 records: quoted cells may hold commas, line breaks and doubled quotes. */
function csvRecords(text) {
  const records = [];
  let record = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      record.push(cell);
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (quoted) throw new Error('a quoted cell is never closed');
  record.push(cell);
  if (record.length > 1 || record[0] !== '') records.push(record);
  return records;
}

/**
 * The problems of a mapping (`{column: fieldId}`, '' leaving the column out, null not chosen
 * yet) as the server finds them before it accepts a job (ColumnMapping.problems): every column
 * fills a field of the template or is left out, and no two columns fill one field. `skip` are
 * columns that fill no field on purpose (the PDF name column; a bulk send's customer columns).
 */
export function mappingProblems(mapping, fieldIds, skip = []) {
  const problems = [];
  const filledBy = new Map();
  for (const [column, id] of Object.entries(mapping)) {
    if (skip.includes(column) || id === '') continue;
    if (id === null || !fieldIds.includes(id)) {
      problems.push(`column '${column}' is not a field id of the template; pick the field it fills, or leave it out`);
    } else if (filledBy.has(id)) {
      problems.push(`columns '${filledBy.get(id)}' and '${column}' both fill the field '${id}'`);
    } else {
      filledBy.set(id, column);
    }
  }
  return problems;
}

/**
 * The `map` query parameter the server reads: `Column:field,Notes:` for every column whose
 * field is not its own name. The server splits on commas and the first colon, so a column
 * whose name holds a comma cannot be renamed: that is a problem to show, not to send.
 */
export function mapParameter(mapping, skip = []) {
  const pairs = [];
  for (const [column, id] of Object.entries(mapping)) {
    if (skip.includes(column) || id === column) continue;
    if (column.includes(',')) throw new Error(`column '${column}' has a comma in its name: rename it in the file to map it`);
    pairs.push(`${column}:${id}`);
  }
  return pairs.join(',');
}
