package io.kizashi.core.state;

/**
 * Reads what a {@link StateWriter} wrote. Every read is bounds-checked: a truncated or corrupt state
 * fails with a {@link CorruptStateException} naming the offset, never with garbage values or an
 * out-of-memory error from an absurd array length.
 */
public final class StateReader {

    /** Arrays longer than this are refused: no component keeps more than a few hundred numbers. */
    private static final int MAX_ARRAY = 1 << 16;

    private final byte[] buf;
    private int pos;
    private final int end;

    public StateReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public StateReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    public int i32() {
        need(4);
        return ((buf[pos++] & 0xff) << 24) | ((buf[pos++] & 0xff) << 16) | ((buf[pos++] & 0xff) << 8) | (buf[pos++] & 0xff);
    }

    public long i64() {
        long hi = i32();
        long lo = i32() & 0xffffffffL;
        return (hi << 32) | lo;
    }

    public double f64() {
        return Double.longBitsToDouble(i64());
    }

    public float f32() {
        return Float.intBitsToFloat(i32());
    }

    public boolean bool() {
        need(1);
        byte b = buf[pos++];
        if (b != 0 && b != 1) {
            throw new CorruptStateException("expected a boolean (0 or 1) at offset " + (pos - 1) + ", found " + b);
        }
        return b == 1;
    }

    public double[] doubles() {
        int n = length(8);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = f64();
        }
        return out;
    }

    public float[] floats() {
        int n = length(4);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = f32();
        }
        return out;
    }

    public byte[] bytes() {
        int n = length(1);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    public int remaining() {
        return end - pos;
    }

    /** Fails unless every byte was consumed (a state written by another version would leave some). */
    public void expectEnd() {
        if (pos != end) {
            throw new CorruptStateException(remaining() + " unexpected trailing bytes at offset " + pos);
        }
    }

    private int length(int elementSize) {
        int n = i32();
        if (n < 0 || n > MAX_ARRAY || (long) n * elementSize > end - pos) {
            throw new CorruptStateException("implausible array length " + n + " at offset " + (pos - 4));
        }
        return n;
    }

    private void need(int n) {
        if (pos + n > end) {
            throw new CorruptStateException("state truncated: needed " + n + " bytes at offset " + pos + ", " + (end - pos) + " left");
        }
    }
}
