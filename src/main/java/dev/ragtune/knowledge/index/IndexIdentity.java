package dev.ragtune.knowledge.index;

/** The embedding model an index was built with; vectors of another model or size cannot be mixed in. */
public record IndexIdentity(String model, int dimension) {

    public void requireCompatible(IndexIdentity other) {
        if (!model.equals(other.model) || dimension != other.dimension) {
            throw new IndexMismatchException(this, other);
        }
    }
}
