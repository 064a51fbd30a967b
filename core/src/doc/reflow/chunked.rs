//! A sequence kept in the pieces it was made in.
//!
//! A large text's lines are collected on all cores, a piece of the text each; putting the
//! pieces' lines into one vector copied every line into memory just taken from the system,
//! and took longer than any stage that reads them. The lines stay in their pieces' vectors
//! instead, and are read through one index.

/// Items in chunks, addressed by one index over all of them.
#[derive(Debug)]
pub(super) struct Chunked<T> {
    /// The chunks, none empty.
    chunks: Vec<Vec<T>>,
    /// The index of each chunk's first item.
    starts: Vec<usize>,
    len: usize,
}

impl<T> Chunked<T> {
    /// The items of `chunks`, in order.
    pub(super) fn from_chunks(chunks: Vec<Vec<T>>) -> Self {
        let mut this = Self {
            chunks,
            starts: Vec::new(),
            len: 0,
        };
        this.reindex();
        this
    }

    /// Drops empty chunks and counts the others' items again.
    fn reindex(&mut self) {
        self.chunks.retain(|chunk| !chunk.is_empty());
        self.starts.clear();
        self.len = 0;
        for chunk in &self.chunks {
            self.starts.push(self.len);
            self.len += chunk.len();
        }
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// The chunk that holds item `index`, and the item's place in it.
    fn locate(&self, index: usize) -> Option<(usize, usize)> {
        if index >= self.len {
            return None;
        }
        let chunk = self.starts.partition_point(|&start| start <= index) - 1;
        Some((chunk, index - self.starts[chunk]))
    }

    pub(super) fn get(&self, index: usize) -> Option<&T> {
        let (chunk, at) = self.locate(index)?;
        self.chunks.get(chunk)?.get(at)
    }

    pub(super) fn iter(&self) -> impl DoubleEndedIterator<Item = &T> + Clone {
        self.chunks.iter().flatten()
    }

    pub(super) fn iter_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.chunks.iter_mut().flatten()
    }

    /// The items before `index` and those from it on, to be changed apart (on two threads).
    pub(super) fn split_at_mut(
        &mut self,
        index: usize,
    ) -> (
        impl Iterator<Item = &mut T> + Send,
        impl Iterator<Item = &mut T> + Send,
    )
    where
        T: Send,
    {
        let (chunk, at) = self.locate(index).unwrap_or((self.chunks.len(), 0));
        let (before, from) = self.chunks.split_at_mut(chunk);
        let (middle, after) = match from.split_first_mut() {
            Some((middle, after)) => (middle.as_mut_slice(), after),
            None => (&mut [][..], &mut [][..]),
        };
        let (middle_before, middle_after) = middle.split_at_mut(at);
        (
            before.iter_mut().flatten().chain(middle_before.iter_mut()),
            middle_after.iter_mut().chain(after.iter_mut().flatten()),
        )
    }

    /// Keeps the items for which `keep` says so, asked of each in order.
    pub(super) fn retain_mut(&mut self, mut keep: impl FnMut(&mut T) -> bool) {
        for chunk in &mut self.chunks {
            chunk.retain_mut(&mut keep);
        }
        self.reindex();
    }

    /// The chunks, to be gone through and freed one after the other.
    pub(super) fn into_chunks(self) -> Vec<Vec<T>> {
        self.chunks
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked(sizes: &[usize]) -> (Chunked<usize>, Vec<usize>) {
        let mut next = 0;
        let chunks = sizes
            .iter()
            .map(|&n| {
                let chunk: Vec<usize> = (next..next + n).collect();
                next += n;
                chunk
            })
            .collect();
        (Chunked::from_chunks(chunks), (0..next).collect())
    }

    /// Read through one index, chunks are the vector of all their items, empty chunks too.
    #[test]
    fn chunks_read_as_one_vector() {
        for sizes in [
            &[][..],
            &[0],
            &[3],
            &[0, 2, 0, 0, 5, 1],
            &[1, 1, 1],
            &[4, 0, 7],
        ] {
            let (items, flat) = chunked(sizes);
            assert_eq!(items.len(), flat.len());
            assert!(items.iter().eq(flat.iter()));
            assert!(items.iter().rev().eq(flat.iter().rev()));
            for i in 0..=flat.len() {
                assert_eq!(items.get(i), flat.get(i), "{sizes:?} at {i}");
            }
            let chunks = items.into_chunks();
            assert!(chunks.iter().all(|chunk| !chunk.is_empty()));
            assert!(chunks.into_iter().flatten().eq(flat));
        }
    }

    #[test]
    fn split_parts_are_the_items_before_and_after() {
        for sizes in [&[][..], &[3], &[0, 2, 0, 5, 1], &[4, 4]] {
            let (mut items, flat) = chunked(sizes);
            for at in 0..=flat.len() + 1 {
                let (before, after) = items.split_at_mut(at);
                let before: Vec<usize> = before.map(|n| *n).collect();
                let after: Vec<usize> = after.map(|n| *n).collect();
                let at = at.min(flat.len());
                assert_eq!(
                    (before.as_slice(), after.as_slice()),
                    flat.split_at(at),
                    "{sizes:?}"
                );
            }
        }
    }

    #[test]
    fn retaining_keeps_the_order() {
        let (mut items, flat) = chunked(&[3, 0, 4, 2]);
        items.retain_mut(|n| *n % 3 != 1);
        let kept: Vec<usize> = flat.into_iter().filter(|n| n % 3 != 1).collect();
        assert!(items.iter().eq(kept.iter()));
        assert_eq!(items.len(), kept.len());
        assert_eq!(items.get(kept.len() - 1), kept.last());
    }
}
