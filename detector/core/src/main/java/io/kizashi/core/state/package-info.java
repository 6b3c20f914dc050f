/** Compact, versioned binary state of streaming models, read back exactly and checked for corruption. */
package io.kizashi.core.state;
