// The page's embedded data: <script type="application/json" id="bpsim-data">.
//
//   readData(doc = document) -> the parsed object (throws Error with a clear message)
//   fileText(data, name) -> the CSV text of data.files[name] or null
export function readData(doc = document) {
  const el = doc.getElementById('bpsim-data');
  if (!el) throw new Error('this page has no embedded data (#bpsim-data)');
  try {
    return JSON.parse(el.textContent);
  } catch (e) {
    throw new Error(`the embedded data (#bpsim-data) is not valid JSON: ${e.message}`);
  }
}

export function fileText(data, name) {
  const f = data && data.files && data.files[name];
  return typeof f === 'string' ? f : null;
}
