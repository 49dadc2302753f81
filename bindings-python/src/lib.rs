//! Python binding. (Skeleton: issue 6 fills it in.)
