package dev.ragtune.ask;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import dev.ragtune.redis.RedisCommands;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;
import java.util.List;

/**
 * Conversation memory in Redis, so any function instance can continue any conversation. One string
 * key per session holding the messages as LangChain4j JSON, with an expiry renewed on every turn.
 */
public class RedisChatMemoryStore implements ChatMemoryStore {

    private final RedisCommands redis;
    private final String prefix;
    private final Duration ttl;

    public RedisChatMemoryStore(RedisCommands redis, String prefix, Duration ttl) {
        this.redis = redis;
        this.prefix = prefix;
        this.ttl = ttl;
    }

    private String key(Object memoryId) {
        return prefix + ":memory:" + memoryId;
    }

    @Override
    public List<ChatMessage> getMessages(Object memoryId) {
        Response stored = redis.send("GET", key(memoryId));
        return stored == null ? List.of() : ChatMessageDeserializer.messagesFromJson(stored.toString());
    }

    @Override
    public void updateMessages(Object memoryId, List<ChatMessage> messages) {
        redis.send("SET", key(memoryId), ChatMessageSerializer.messagesToJson(messages), "PX", String.valueOf(ttl.toMillis()));
    }

    @Override
    public void deleteMessages(Object memoryId) {
        redis.send("DEL", key(memoryId));
    }
}
