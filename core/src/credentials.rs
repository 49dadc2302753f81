//! (Skeleton: issue 3 fills it in.)
