// The one place ECharts is imported and its parts registered (tree-shaken bundle).
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart, BarChart, CustomChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, TitleComponent,
  MarkLineComponent, DataZoomComponent, GraphicComponent,
} from 'echarts/components';
import { SVGRenderer, CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart, ScatterChart, BarChart, CustomChart,
  GridComponent, TooltipComponent, LegendComponent, TitleComponent,
  MarkLineComponent, DataZoomComponent, GraphicComponent,
  SVGRenderer, CanvasRenderer,
]);

export { echarts };
