package io.kizashi.core.state;

import java.util.Arrays;

/**
 * Appends primitive values to a compact binary buffer (big-endian, doubles as raw bits so a round trip
 * is exact). Components write their fields in a fixed order and read them back in the same order.
 */
public final class StateWriter {

    private byte[] buf = new byte[256];
    private int pos;

    public StateWriter i32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public StateWriter i64(long v) {
        i32((int) (v >>> 32));
        return i32((int) v);
    }

    public StateWriter f64(double v) {
        return i64(Double.doubleToRawLongBits(v));
    }

    public StateWriter f32(float v) {
        return i32(Float.floatToRawIntBits(v));
    }

    public StateWriter bool(boolean v) {
        ensure(1);
        buf[pos++] = (byte) (v ? 1 : 0);
        return this;
    }

    public StateWriter doubles(double[] values) {
        i32(values.length);
        for (double v : values) {
            f64(v);
        }
        return this;
    }

    public StateWriter floats(float[] values) {
        i32(values.length);
        for (float v : values) {
            f32(v);
        }
        return this;
    }

    public StateWriter bytes(byte[] values) {
        i32(values.length);
        ensure(values.length);
        System.arraycopy(values, 0, buf, pos, values.length);
        pos += values.length;
        return this;
    }

    public int size() {
        return pos;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
