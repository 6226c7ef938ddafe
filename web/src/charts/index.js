// bpsim's chart building blocks (ECharts 6), shared by the report and classroom pages.
//
// Import from here:  import { createChart, lineOption, ... } from '../charts/index.js';
//
// Cards and export (core.js)
//   createChart(parent, {id, title, subtitle?, option?, height?, wide?, fileName?,
//               renderer?, exportTitle?}) -> ChartHandle {id, title, card, body, controls,
//               extra, chart, setOption(option), option(), stats() -> {series, points},
//               toSVG(), toPNG(), exportSVG(), exportPNG(), resize(), dispose()}
//     The card carries data-chart="ID"; its buttons data-export="svg" | "png".
//   registry, chartSummaries() -> [{id, title, series, points}], chartSeries(id) ->
//   [{name, type, data}], autoResize(),
//   baseOption(extra), download(name, dataUrlOrBlob)
// Options (pure functions returning an ECharts option; hand them to handle.setOption)
//   lineOption({labels, series: [{name, data, color?, dashed?, width?, stack?, area?}],
//               yName?, yMin?, yMax?, percent?, marks?: [{at, label}], zoom?, legend?})
//   bandOption({labels, bands: [{name, color, p5, p25, p50, p75, p95, mean?, line?}],
//               yName?, yMin?, yMax?, percent?, marks?, zoom?, zeroLine?})
//   barOption({categories, series: [{name, data, color?, stack?, errors?: [lo, hi][]}],
//              horizontal?, valueName?, valueMin?, valueMax?, legend?, zoom?, labelWidth?})
//   rangeBarsOption({rows: [{name, min, max, lo, hi}], color?, valueName?, labelWidth?})
//   scatterOption({series: [{name, data: [x, y][], color?, symbolSize?, labels?}],
//                  xName?, yName?, xMin?, xMax?, yMin?, yMax?, large?, diagonal?, tooltip?})
//   tickAxis(labels), valueAxis({yName, yMin, yMax, percent}), legendOption(names), markLines(marks)
// Widgets
//   alignmentMap(parent, {states, colors, frames, links?, events?, xName, yName, extent?,
//                note?, labels?, tick?, sizeScale?}) -> {chart, tick(), setTick(t),
//                positions(), setFrames({frames, links, events})}
//   scrubber(parent, {labels, value?, interval?, onChange(t)}) -> {el, input, button, get(),
//            set(t, notify?), play(), pause(), playing()}
// Colours
//   PALETTE, FONT, EVENT_COLORS, stateColors(states) -> Map(id -> colour), colorFor(map, id, i),
//   eventColor(kind), eventLabel(kind)
// Styles: charts.css (cards, buttons, scrubber); import it from the page's CSS bundle.
export { createChart, registry, chartSummaries, chartSeries, autoResize, baseOption, download } from './core.js';
export { lineOption, tickAxis, valueAxis, legendOption, markLines } from './timeseries.js';
export { bandOption } from './bands.js';
export { barOption, rangeBarsOption } from './bars.js';
export { scatterOption } from './scatter.js';
export { alignmentMap, eventColor, eventLabel } from './map.js';
export { scrubber } from './scrubber.js';
export { PALETTE, FONT, EVENT_COLORS, stateColors, colorFor } from './palette.js';
export { echarts } from './echarts.js';
