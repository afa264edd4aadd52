package dev.ragtune.redis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** How the Redis adapters encode what they store: vectors as little-endian FP32 blobs, records as JSON. */
public final class RedisCodec {

    private final ObjectMapper json;

    public RedisCodec(ObjectMapper json) {
        this.json = json;
    }

    public static byte[] fp32(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            buffer.putFloat(value);
        }
        return buffer.array();
    }

    public static float[] fromFp32(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.length / Float.BYTES];
        for (int d = 0; d < vector.length; d++) {
            vector[d] = buffer.getFloat();
        }
        return vector;
    }

    public static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable record in Redis: " + e.getOriginalMessage(), e);
        }
    }

    public <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable record in Redis: " + e.getOriginalMessage(), e);
        }
    }
}
