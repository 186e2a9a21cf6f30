import * as echarts from 'echarts';
const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 400, height: 300 });
chart.setOption({ animation:false, legend:{data:['a','b']}, xAxis:{type:'category',data:['x','y']}, yAxis:{type:'value'}, series:[{name:'a',type:'bar',data:[1,2]},{name:'b',type:'line',data:[2,1]}]});
const s = chart.renderToSVGString({useViewBox:true});
console.log(s.length, (s.match(/ecmeta_[a-z_]+="[^"]*"/g)||[]).slice(0,20));
console.log(s.slice(0,1500));
