## src/sflow.mk: filled in by its area
