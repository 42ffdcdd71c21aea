global using System.Collections.Immutable;
global using Dashboard.Grains.Abstractions;
global using Dashboard.Grains.Center;
global using Dashboard.Grains.Ingestion;
