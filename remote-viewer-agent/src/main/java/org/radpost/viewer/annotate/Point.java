package org.radpost.viewer.annotate;

/** A point in image pixel coordinates (column x, row y; 0,0 is the top-left corner of the top-left pixel). */
public record Point(double x, double y) {
}
