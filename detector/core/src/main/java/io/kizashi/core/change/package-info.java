/** Change points: confirmed level shifts and variance changes. */
package io.kizashi.core.change;
