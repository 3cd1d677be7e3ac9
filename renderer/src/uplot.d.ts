// uPlot ships its types without a "types" entry; point the bare import at them.
declare module 'uplot' {
  import uPlot from 'uplot/dist/uPlot.js';
  export default uPlot;
}
