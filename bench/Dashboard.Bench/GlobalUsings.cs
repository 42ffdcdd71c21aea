global using Dashboard.Tests.Support;
global using System.Collections.Immutable;
