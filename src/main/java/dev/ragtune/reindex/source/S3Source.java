package dev.ragtune.reindex.source;

import dev.ragtune.reindex.DocumentSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An S3 bucket and prefix; the listing's ETag tells an unchanged object without downloading it. */
public record S3Source(String name, S3Client s3, String bucket, String prefix, SourceDocuments documents, int maxBytes)
        implements DocumentSource {

    @Override
    public List<SourceEntry> list() throws SourceException {
        List<SourceEntry> entries = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build()).contents()) {
                String key = object.key().substring(prefix.length());
                if (!key.isEmpty() && !key.endsWith("/") && documents.included(key)) {
                    entries.add(new SourceEntry(key, object.eTag(), "s3://" + bucket + "/" + object.key()));
                }
            }
        } catch (SdkException e) {
            throw new SourceException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
        return entries;
    }

    @Override
    public Fetched fetch(SourceEntry entry, String validator) throws SourceException {
        String key = prefix + entry.key();
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            if (object.asByteArrayUnsafe().length > maxBytes) {
                throw new SourceException(entry.key() + " is larger than " + maxBytes + " bytes (ragtune.reindex.max-document-bytes)");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(object.asByteArrayUnsafe())).toString();
            return SourceDocuments.fetched(entry.key(), text, object.response().contentType(), null);
        } catch (CharacterCodingException e) {
            throw new SourceException(entry.key() + " is not UTF-8 text", e);
        } catch (SdkException e) {
            throw new SourceException("cannot get s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }
}
