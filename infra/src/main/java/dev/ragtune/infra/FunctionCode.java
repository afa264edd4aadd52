package dev.ragtune.infra;

/**
 * Where both functions' code (the one target/function.zip) and their layer (target/embedding-layer.zip: the
 * in-process embedding model and its natives, which do not fit in function.zip under Lambda's 50 MB limit) come from.
 */
public sealed interface FunctionCode {

    /** A local zip or directory that `cdk deploy` uploads as an asset: what RagtuneApp uses. */
    record Asset(String path, String layerPath) implements FunctionCode {
    }

    /**
     * The CodeS3Bucket, CodeS3Key and LayerS3Key stack parameters: a template that plain CloudFormation can deploy once the zip
     * is in S3. Upload each build under a new key; the key is part of each version's description, so a new key
     * publishes new versions for the live aliases.
     */
    record S3Parameters() implements FunctionCode {
    }
}
