// ChipReaders: PC/SC contactless chip readers.
