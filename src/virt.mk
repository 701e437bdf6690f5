## src/virt.mk: filled in by its area
