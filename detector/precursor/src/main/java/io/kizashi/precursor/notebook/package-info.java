/** Small, dependency-free helpers for the notebooks: charts as images (a Java kernel shows a BufferedImage as PNG). */
package io.kizashi.precursor.notebook;
