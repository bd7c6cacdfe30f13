/// The seqs that matter to uploading.
public struct JournalPosition: Sendable, Equatable {
    public let firstSeq: Int
    public let lastSeq: Int
    public let ackedThrough: Int
}
