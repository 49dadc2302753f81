//! Request and response types. (Skeleton: issue 2 fills it in.)
