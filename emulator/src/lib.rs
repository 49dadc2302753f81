//! A local Partner Central Selling endpoint on loopback. (Skeleton: issue 4 fills it in.)
