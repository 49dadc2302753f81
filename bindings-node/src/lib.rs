//! Node binding. (Skeleton: issue 7 fills it in.)
