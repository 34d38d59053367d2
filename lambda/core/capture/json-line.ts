/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses one JSON Lines record; undefined for a blank line, text that is not JSON, or JSON that is not an object.
 * Data Capture and ground-truth files share this framing, so their readers skip bad lines the same way.
 */
export function parseJsonObjectLine(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (text.length === 0) return undefined;
  try {
    const record: unknown = JSON.parse(text);
    return isObject(record) ? record : undefined;
  } catch {
    return undefined;
  }
}
