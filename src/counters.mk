## src/counters.mk: filled in by its area
