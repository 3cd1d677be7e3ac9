// A tiny inline chart of recent values, drawn on a canvas (no library needed for 60 points).
import { useEffect, useRef } from 'react';

export function Sparkline({ values, label, width = 96, height = 24 }: { values: number[]; label: string; width?: number; height?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const context = canvas?.getContext?.('2d');
    if (!canvas || !context) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    context.scale(ratio, ratio);
    context.clearRect(0, 0, width, height);
    if (values.length < 2) return;
    const max = Math.max(...values, 1);
    context.strokeStyle = getComputedStyle(canvas).color || '#3b82f6';
    context.lineWidth = 1.5;
    context.beginPath();
    values.forEach((value, index) => {
      const x = (index / (values.length - 1)) * width;
      const y = height - (value / max) * (height - 2) - 1;
      if (index === 0) context.moveTo(x, y);
      else context.lineTo(x, y);
    });
    context.stroke();
  }, [values, width, height]);
  return <canvas ref={ref} className="sparkline" role="img" aria-label={label} style={{ width, height }} />;
}
