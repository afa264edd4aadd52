package dev.ragtune.knowledge.index;

/** Chunk ids are {@code <document id>#<position>}, so the owner of a chunk can be told from its id. */
public final class ChunkIds {

    private ChunkIds() {
    }

    public static String of(String documentId, int index) {
        return documentId + "#" + index;
    }

    public static String documentOf(String chunkId) {
        int hash = chunkId.lastIndexOf('#');
        return hash < 0 ? chunkId : chunkId.substring(0, hash);
    }
}
